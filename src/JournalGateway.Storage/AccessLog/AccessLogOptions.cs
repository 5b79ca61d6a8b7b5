using System.ComponentModel.DataAnnotations;

namespace JournalGateway.Storage.AccessLog;

/// <summary>The <c>Storage:AccessLog</c> section: group commit of access log entries.</summary>
public sealed class AccessLogOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Storage:AccessLog";

    /// <summary>
    /// <c>Storage:AccessLog:MaxBatchEntries</c>: a flush starts as soon as this many entries are queued
    /// (a single larger append is written on its own).
    /// </summary>
    [Range(1, 10_000)]
    public int MaxBatchEntries { get; set; } = 256;

    /// <summary>
    /// <c>Storage:AccessLog:MaxDelayMicroseconds</c>: how long a flush waits for more entries once the first is queued
    /// (0 to 2000). While one flush is committing the next batch gathers anyway, so 0, the default, adds no latency to a
    /// lone read; a small wait only helps when requests are few but steady.
    /// </summary>
    [Range(0, 2_000)]
    public int MaxDelayMicroseconds { get; set; }

    /// <summary>
    /// <c>Storage:AccessLog:QueueCapacity</c>: appends waiting for a flush; further callers wait for room
    /// (back-pressure instead of unbounded memory when the database is slow).
    /// </summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 10_000;
}
