using Ogiri.Serving;

namespace Ogiri.Serving.Tests;

public class ModelSlotTests
{
    /// <summary>Records whether it was disposed; the slot's lease accounting is what is under test.</summary>
    private sealed class Tracked(string version) : ICaptionModel
    {
        public bool Disposed { get; private set; }
        public string Version { get; } = version;
        public Task<IReadOnlyList<string>> CaptionAsync(CaptionRequest request, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>([Version]);
        public void Dispose() => Disposed = true;
    }

    [Fact]
    public void Empty_until_a_model_is_placed()
    {
        using var slot = new ModelSlot();
        Assert.Null(slot.Acquire());
        slot.Replace(new Tracked("v1"));
        using var lease = slot.Acquire();
        Assert.Equal("v1", lease!.Model.Version);
    }

    [Fact]
    public void A_replaced_model_lives_until_its_last_request_ends()
    {
        using var slot = new ModelSlot();
        var v1 = new Tracked("v1");
        slot.Replace(v1);
        var inFlight = slot.Acquire()!;
        slot.Replace(new Tracked("v2"));

        Assert.False(v1.Disposed);
        using (var next = slot.Acquire()) Assert.Equal("v2", next!.Model.Version);
        inFlight.Dispose();
        Assert.True(v1.Disposed);
        inFlight.Dispose();
    }

    [Fact]
    public void A_model_nobody_holds_is_disposed_when_replaced()
    {
        using var slot = new ModelSlot();
        var v1 = new Tracked("v1");
        slot.Replace(v1);
        slot.Replace(new Tracked("v2"));
        Assert.True(v1.Disposed);
    }
}
