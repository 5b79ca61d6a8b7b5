using System.ComponentModel.DataAnnotations;
using JournalGateway.Core.Delivery;

namespace JournalGateway.Delivery;

/// <summary>Settings of the delivery worker (section <c>Delivery</c>).</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Delivery";

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the worker looks for due notes when nothing wakes it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Range(1, 1000)]
    public int BatchSize { get; set; } = 32;

    [Range(1, 64)]
    public int MaxParallel { get; set; } = 8;

    /// <summary>
    /// Delivery rounds that may run at once in this instance, each claiming its own batch: a note accepted while a
    /// round is busy is claimed by the next idle one instead of waiting for the busy round to finish. Claims are leases,
    /// so rounds never share a note (as with several gateway instances).
    /// </summary>
    [Range(1, 16)]
    public int Rounds { get; set; } = 2;

    /// <summary>
    /// How long a write waits for its own first delivery attempt before answering (then with state pending).
    /// Zero answers at once. A writer is never held longer than this by the regional record's troubles.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan InlineWait { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Turns the worker off (an instance that only serves reads).</summary>
    public bool Enabled { get; set; } = true;

    public DeliveryPolicy ToPolicy() => new()
    {
        BaseDelay = BaseDelay,
        MaxDelay = MaxDelay,
        Lease = Lease,
        BatchSize = BatchSize,
        MaxParallel = MaxParallel,
    };
}
