using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ogiri.Trainer.Models;

/// <summary>
/// The image encoder on a <see cref="ResNet18"/> trunk: its last feature grid (side / 32), one token per cell,
/// projected to the model's width. Weights may come from a file the user provides (torchvision's names);
/// frozen, the trunk keeps those weights and its batch-norm statistics while the rest of the model trains.
/// </summary>
public sealed class ResNetEncoder : nn.Module<Tensor, Tensor>
{
    private readonly ResNet18 backbone;
    private readonly Linear project;
    private readonly Parameter position;
    private bool frozen;

    public ResNetEncoder(string name, ModelConfig c) : base(name)
    {
        backbone = new ResNet18();
        project = nn.Linear(ResNet18.FeatureChannels, c.ModelDim);
        position = nn.Parameter(randn(c.ImageTokens, c.ModelDim) * 0.02);
        RegisterComponents();
    }

    /// <summary>Loads the trunk from a torchvision ResNet-18 state dict saved in TorchSharp's format; every name and shape must match.</summary>
    public void LoadTrunk(string path)
    {
        try
        {
            backbone.load(path);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or EndOfStreamException or NotImplementedException)
        {
            throw new InvalidDataException($"{path}: not a ResNet-18 state dict with torchvision's names in TorchSharp's format ({e.Message})", e);
        }
    }

    /// <summary>Stops training the trunk: no gradients, and batch norm keeps the statistics it came with.</summary>
    public void Freeze()
    {
        frozen = true;
        foreach (var p in backbone.parameters()) p.requires_grad = false;
        backbone.eval();
    }

    public override void train(bool train = true)
    {
        base.train(train);
        if (frozen) backbone.eval();
    }

    /// <param name="images">[batch, 3, side, side], normalised as the caption model's batches are (centre 0.5, scale 0.25).</param>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        // Back to 0..1, then to the ImageNet statistics the trunk's weights were trained on.
        var mean = tensor(ResNet18.Mean).view(1, 3, 1, 1);
        var std = tensor(ResNet18.Std).view(1, 3, 1, 1);
        var x = (images * 0.25f + 0.5f - mean) / std;
        var features = backbone.Features(x).flatten(2).transpose(1, 2);
        return (project.forward(features) + position).MoveToOuterDisposeScope();
    }
}
