// Every class starts its own wharfd; on two shared cores, one at a time keeps timings sane and logs readable.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
