using Ogiri.Trainer.Data;
using Ogiri.Trainer.Models;
using Ogiri.Trainer.Text;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ogiri.Trainer.Training;

/// <summary>
/// One optimisation step: forward, cross-entropy over the answer's tokens (plus the concept loss, weighted), backward,
/// clip, AdamW at the given rate.
/// </summary>
public sealed class TrainingStep(CaptionModel model, OptimizerHelper optimizer, double clipNorm, double conceptWeight)
{
    private readonly Parameter[] parameters = [.. model.parameters()];

    /// <returns>The batch's mean captioning loss per token (what validation measures too) and its token count.</returns>
    public (float Loss, long Tokens) Run(CaptionBatch batch, double learningRate)
    {
        using var scope = NewDisposeScope();
        var (logits, concepts) = model.ForwardWithConcepts(batch.Conditions, batch.Input);
        var loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), batch.Target.reshape(-1), ignore_index: CharTokenizer.Pad);
        var total = conceptWeight > 0 ? loss + conceptWeight * CaptionModel.ConceptLoss(concepts, batch.Target) : loss;
        optimizer.zero_grad();
        total.backward();
        nn.utils.clip_grad_norm_(parameters, clipNorm);
        foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;
        optimizer.step();
        return (loss.item<float>(), batch.Target.ne(CharTokenizer.Pad).sum().item<long>());
    }
}
