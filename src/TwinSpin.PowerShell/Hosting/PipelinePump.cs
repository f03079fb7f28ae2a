using System.Collections.Concurrent;
using System.Management.Automation;

namespace TwinSpin.Hosting;

/// <summary>
/// Runs engine work on a worker task while the pipeline thread drains a queue of writes (objects,
/// progress, warnings): Write* may only be called from the pipeline thread.
/// </summary>
internal sealed class PipelinePump
{
    private readonly BlockingCollection<Action> _writes = new();

    /// <summary>Queues a write for the pipeline thread; ignored once the work has finished.</summary>
    public void Post(Action write)
    {
        try
        {
            _writes.Add(write);
        }
        catch (InvalidOperationException)
        {
            // Completed: late progress from a finished run has nowhere to go.
        }
    }

    public T Run<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                return await work(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _writes.CompleteAdding();
            }
        }, CancellationToken.None);

        PipelineStoppedException? stopped = null;
        foreach (var write in _writes.GetConsumingEnumerable())
        {
            if (stopped is not null)
            {
                continue; // keep draining so the work can finish and settle the job
            }

            try
            {
                write();
            }
            catch (PipelineStoppedException e)
            {
                stopped = e;
            }
        }

        var result = task.GetAwaiter().GetResult();
        if (stopped is not null)
        {
            throw stopped;
        }

        return result;
    }
}
