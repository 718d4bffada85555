using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ogiri.Trainer.Models;

/// <summary>
/// The trainable part on top of a frozen pretrained encoder's cached features [batch, 1 + cells, width]: the pooled
/// vector and each grid cell are normalised and projected to the model's width, with a learnt position per token, so
/// the decoder cross-attends to the grid and the pooled vector alike.
/// </summary>
public sealed class FeatureAdapter : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm pooledNorm;
    private readonly Linear pooledProject;
    private readonly LayerNorm gridNorm;
    private readonly Linear gridProject;
    private readonly Dropout dropout;
    private readonly Parameter position;

    public FeatureAdapter(string name, ModelConfig c) : base(name)
    {
        pooledNorm = nn.LayerNorm(ModelConfig.FeatureWidth);
        pooledProject = nn.Linear(ModelConfig.FeatureWidth, c.ModelDim);
        gridNorm = nn.LayerNorm(ModelConfig.FeatureWidth);
        gridProject = nn.Linear(ModelConfig.FeatureWidth, c.ModelDim);
        dropout = nn.Dropout(c.Dropout);
        position = nn.Parameter(randn(c.ImageTokens, c.ModelDim) * 0.02);
        RegisterComponents();
    }

    /// <param name="features">[batch, 1 + cells, width]: the pooled vector first.</param>
    /// <returns>[batch, 1 + cells, dim].</returns>
    public override Tensor forward(Tensor features)
    {
        using var scope = NewDisposeScope();
        var x = dropout.forward(features);
        var pooled = pooledProject.forward(pooledNorm.forward(x.narrow(1, 0, 1)));
        var grid = gridProject.forward(gridNorm.forward(x.narrow(1, 1, x.shape[1] - 1)));
        return (cat([pooled, grid], 1) + position).MoveToOuterDisposeScope();
    }
}
