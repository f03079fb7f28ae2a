using System.Net;
using TwinSpin.Engine.Partitioning;
using TwinSpin.Engine.Store;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>Partition bounds hold key values as drivers return them; stored and read back, each comes back as it
/// went (smaller integers and floats widened, types JSON lacks tagged, anything else as its text).</summary>
public sealed class StoredBoundTests
{
    public static TheoryData<object, object> Values() => new()
    {
        { 42L, 42L },
        { 42, 42L },
        { (short)-7, -7L },
        { (byte)200, 200L },
        { 1.5f, 1.5d },
        { 2.25d, 2.25d },
        { "Ωmega", "Ωmega" },
        { true, true },
        { 12.340m, 12.340m },
        { new byte[] { 0, 255, 16 }, new byte[] { 0, 255, 16 } },
        { new DateTime(2026, 11, 27, 8, 53, 1, 123, DateTimeKind.Utc), new DateTime(2026, 11, 27, 8, 53, 1, 123, DateTimeKind.Utc) },
        { Guid.Parse("8f14e45f-ceea-167a-5a36-dedd4bea2543"), Guid.Parse("8f14e45f-ceea-167a-5a36-dedd4bea2543") },
        { new DateOnly(2024, 2, 29), new DateOnly(2024, 2, 29) },
        { new TimeOnly(23, 59, 58, 123), new TimeOnly(23, 59, 58, 123) },
        { TimeSpan.FromMinutes(-90.5), TimeSpan.FromMinutes(-90.5) },
        { IPAddress.Parse("10.0.0.1"), "10.0.0.1" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void A_bound_value_comes_back_as_it_went(object value, object expected)
    {
        var bound = new KeyBound([value, 5L]);

        var back = StoreJson.ParseBound(StoreJson.Bound(bound))!;

        Assert.Equal(expected, back.Values[0]);
        Assert.Equal(expected.GetType(), back.Values[0].GetType());
        Assert.Equal(5L, back.Values[1]);
    }
}
