namespace RegionalStore.Faults;

/// <summary>The faults in force, shared by the admin endpoints and the middleware.</summary>
internal sealed class FaultState(Random random)
{
    private readonly Lock _gate = new();
    private Random _random = random;
    private FaultSettings _settings = FaultSettings.None;

    public FaultSettings Current
    {
        get
        {
            lock (_gate)
            {
                return _settings;
            }
        }
    }

    public void Set(FaultSettings settings, int? seed)
    {
        lock (_gate)
        {
            _settings = settings;
            if (seed is int s)
            {
                _random = new Random(s);
            }
        }
    }

    public void Clear() => Set(FaultSettings.None, null);

    /// <summary>Draws whether this call fails; Random is not thread-safe, hence the lock.</summary>
    public bool DrawFailure(double rate)
    {
        if (rate <= 0)
        {
            return false;
        }

        lock (_gate)
        {
            return _random.NextDouble() < rate;
        }
    }
}
