namespace JournalGateway.Tests.Support;

/// <summary>Polls a condition that becomes true asynchronously (background delivery), failing after a bound.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, int timeoutSeconds = 30)
    {
        if (!await HoldsWithinAsync(condition, timeoutSeconds))
        {
            Assert.Fail($"The condition did not hold within {timeoutSeconds} s.");
        }
    }

    /// <summary>Whether the condition held within the bound, for a test that then says itself what is missing.</summary>
    public static async Task<bool> HoldsWithinAsync(Func<Task<bool>> condition, int timeoutSeconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
