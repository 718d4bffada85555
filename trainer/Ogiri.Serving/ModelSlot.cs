using Ogiri.Trainer.Inference;

namespace Ogiri.Serving;

/// <summary>
/// Holds the current model and swaps in a new one without dropping requests in flight: a replaced model is
/// disposed only when the last lease on it ends.
/// </summary>
public sealed class ModelSlot : IModelSource, IDisposable
{
    private readonly Lock gate = new();
    private Entry? current;

    private sealed class Entry(ICaptionModel model)
    {
        public ICaptionModel Model { get; } = model;
        public int Leases;
        public bool Retired;
    }

    public string? Version
    {
        get { lock (gate) return current?.Model.Version; }
    }

    public ModelLease? Acquire()
    {
        lock (gate)
        {
            if (current is null) return null;
            var entry = current;
            entry.Leases++;
            return new ModelLease(entry.Model, () => Release(entry));
        }
    }

    /// <summary>Makes <paramref name="model"/> the one new requests get.</summary>
    public void Replace(ICaptionModel model)
    {
        Entry? old;
        lock (gate)
        {
            old = current;
            current = new Entry(model);
            if (old is not null) old.Retired = true;
        }
        if (old is not null) DisposeIfIdle(old);
    }

    /// <summary>
    /// Loads a model and makes it current; when loading fails (a truncated or damaged model folder) the current
    /// model stays and the reason comes back. Null on success.
    /// </summary>
    public string? TryReplace(Func<ICaptionModel> load)
    {
        ICaptionModel model;
        try
        {
            model = load();
        }
        catch (InvalidModelException e)
        {
            return e.Message;
        }
        Replace(model);
        return null;
    }

    private void Release(Entry entry)
    {
        lock (gate) entry.Leases--;
        DisposeIfIdle(entry);
    }

    private void DisposeIfIdle(Entry entry)
    {
        bool dispose;
        lock (gate)
        {
            dispose = entry.Retired && entry.Leases == 0;
            if (dispose) entry.Leases = -1; // disposed once
        }
        if (dispose) entry.Model.Dispose();
    }

    public void Dispose()
    {
        Entry? last;
        lock (gate)
        {
            last = current;
            current = null;
            if (last is not null) last.Retired = true;
        }
        if (last is not null) DisposeIfIdle(last);
    }
}
