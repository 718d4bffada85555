using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ogiri.Trainer.Models;

/// <summary>
/// A small CNN trained from scratch: a stride-2 stem, then per stage conv-BN-ReLU and a 2x2 max-pool.
/// Its output is a grid of feature vectors, one token per cell, so the decoder can attend to
/// where things are rather than to one pooled vector.
/// </summary>
public sealed class ImageEncoder : nn.Module<Tensor, Tensor>
{
    private readonly Sequential layers;
    private readonly Linear project;
    private readonly Parameter position;

    public ImageEncoder(string name, ModelConfig c) : base(name)
    {
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        var inChannels = 3;
        var first = c.EncoderChannels[0];
        modules.Add(("stem", nn.Conv2d(inChannels, first, 3, stride: 2, padding: 1, bias: false)));
        modules.Add(("stem_bn", nn.BatchNorm2d(first)));
        modules.Add(("stem_relu", nn.ReLU()));
        inChannels = first;
        for (var i = 1; i < c.EncoderChannels.Count; i++)
        {
            var outChannels = c.EncoderChannels[i];
            modules.Add(($"conv{i}", nn.Conv2d(inChannels, outChannels, 3, padding: 1, bias: false)));
            modules.Add(($"bn{i}", nn.BatchNorm2d(outChannels)));
            modules.Add(($"relu{i}", nn.ReLU()));
            modules.Add(($"pool{i}", nn.MaxPool2d(2)));
            inChannels = outChannels;
        }
        layers = nn.Sequential(modules);
        project = nn.Linear(inChannels, c.ModelDim);
        position = nn.Parameter(randn(c.ImageTokens, c.ModelDim) * 0.02);
        RegisterComponents();
    }

    /// <param name="images">[batch, 3, side, side], normalised.</param>
    /// <returns>[batch, cells, dim].</returns>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var features = layers.forward(images).flatten(2).transpose(1, 2);
        return (project.forward(features) + position).MoveToOuterDisposeScope();
    }
}
