using System.Buffers;
using System.Runtime.InteropServices;
using Apache.Arrow.Memory;

namespace TwinSpin.Engine.Batches;

/// <summary>
/// Native memory for the Arrow buffers of fetched batches, freed when the batch is disposed. Arrow's own
/// native allocator reports every buffer with GC.AddMemoryPressure, and at hundreds of megabytes of leaves a
/// second that induced a full (gen2) collection every few leaves. Batches here are short-lived and always
/// disposed by their owner, so the collector need not be told; a finalizer still frees a forgotten one.
/// </summary>
internal sealed class BatchMemoryAllocator : MemoryAllocator
{
    public static BatchMemoryAllocator Instance { get; } = new();

    protected override IMemoryOwner<byte> AllocateInternal(int length, out int bytesAllocated)
    {
        bytesAllocated = length;
        return new NativeBlock(length, Alignment);
    }

    private sealed unsafe class NativeBlock : MemoryManager<byte>
    {
        private nint _pointer;
        private readonly int _length;

        public NativeBlock(int length, int alignment)
        {
            _length = length;
            _pointer = (nint)NativeMemory.AlignedAlloc((nuint)Math.Max(length, 1), (nuint)alignment);
            // Zeroed as Arrow's allocator does: the builders copy only the used bytes, not the padding.
            NativeMemory.Clear((void*)_pointer, (nuint)length);
        }

        // Only for a batch nobody disposed: a batch in use references its buffers, so this never runs under a span.
#pragma warning disable CA2015
        ~NativeBlock() => Dispose(false);
#pragma warning restore CA2015

        public override Span<byte> GetSpan()
        {
            ObjectDisposedException.ThrowIf(_pointer == 0, this);
            return new Span<byte>((void*)_pointer, _length);
        }

        public override MemoryHandle Pin(int elementIndex = 0) => new((byte*)_pointer + elementIndex, default, this);

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
            var pointer = Interlocked.Exchange(ref _pointer, 0);
            if (pointer != 0)
            {
                NativeMemory.AlignedFree((void*)pointer);
            }
        }
    }
}
