// The fault tests time deliveries and start gateway processes; run them one at a time so they do not starve each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
