namespace JournalGateway.Tests.Support;

/// <summary>Polls a condition that becomes true asynchronously (background delivery), failing after a bound.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The condition did not hold within {timeoutSeconds} s.");
    }
}
