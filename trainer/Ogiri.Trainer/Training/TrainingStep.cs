using Ogiri.Trainer.Data;
using Ogiri.Trainer.Models;
using Ogiri.Trainer.Text;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ogiri.Trainer.Training;

/// <summary>
/// One optimisation step: forward, cross-entropy over the answer's tokens (plus the concept and mismatch losses,
/// weighted), backward, clip, AdamW at the given rate.
/// </summary>
public sealed class TrainingStep(CaptionModel model, OptimizerHelper optimizer, Hyperparameters hp)
{
    private readonly Parameter[] parameters = [.. model.parameters()];

    /// <returns>The batch's mean captioning loss per token (what validation measures too) and its token count.</returns>
    public (float Loss, long Tokens) Run(CaptionBatch batch, double learningRate)
    {
        using var scope = NewDisposeScope();
        var outputs = model.ForwardTraining(batch.Conditions, batch.Input, mismatched: hp.MismatchWeight > 0 && batch.Input.shape[0] > 1);
        var logits = outputs.Logits;
        var loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), batch.Target.reshape(-1), ignore_index: CharTokenizer.Pad);
        var total = loss;
        if (hp.ConceptWeight > 0) total += hp.ConceptWeight * CaptionModel.ConceptLoss(outputs.Concepts, batch.Target);
        if (outputs.MismatchedLogits is { } other)
            total += hp.MismatchWeight * CaptionModel.MismatchLoss(logits, other, batch.Target, batch.OtherThanPrevious, hp.MismatchMargin);
        optimizer.zero_grad();
        total.backward();
        nn.utils.clip_grad_norm_(parameters, hp.ClipNorm);
        foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;
        optimizer.step();
        return (loss.item<float>(), batch.Target.ne(CharTokenizer.Pad).sum().item<long>());
    }
}
