namespace TwinSpin.Engine.Repair;

public enum RepairDirection
{
    /// <summary>The target is made equal to the source (the default): the source is the truth.</summary>
    TargetFromSource,
    /// <summary>The source is made equal to the target.</summary>
    SourceFromTarget,
}
