using Ogiri.Trainer.Models;
using Ogiri.Trainer.Text;
using static TorchSharp.torch;

namespace Ogiri.Trainer.Tests;

/// <summary>The hinge that asks each answer to be likelier with its own picture than with another's.</summary>
public sealed class MismatchLossTests
{
    // Two answers of two tokens each over a vocabulary of 6; logits put `own` on the target token.
    private static readonly long[,] Targets = { { 4, CharTokenizer.End }, { 5, CharTokenizer.End } };

    private static Tensor Logits(double own)
    {
        var logits = zeros(2, 2, 6);
        for (var b = 0; b < 2; b++)
        {
            for (var t = 0; t < 2; t++) logits[b, t, Targets[b, t]] = tensor((float)own);
        }
        return logits;
    }

    [Fact]
    public void A_gap_beyond_the_margin_costs_nothing_and_a_smaller_one_costs_what_is_missing()
    {
        using var scope = NewDisposeScope();
        var target = tensor(Targets);
        var both = tensor(new[] { true, true });
        var own = Logits(4);

        var wide = CaptionModel.MismatchLoss(own, Logits(0), target, both, margin: 0.3).item<float>();
        Assert.Equal(0, wide, 6);

        var (ownNll, count) = CaptionModel.SequenceNll(own, target);
        var (otherNll, _) = CaptionModel.SequenceNll(Logits(3), target);
        var gap = ((otherNll - ownNll) / count).mean().item<float>();
        Assert.InRange(gap, 0.01, 0.29);
        var narrow = CaptionModel.MismatchLoss(own, Logits(3), target, both, margin: 0.3).item<float>();
        Assert.Equal(0.3 - gap, narrow, 4);
    }

    [Fact]
    public void Pairs_whose_other_picture_is_their_own_are_left_out()
    {
        using var scope = NewDisposeScope();
        var target = tensor(Targets);
        var onlySecond = tensor(new[] { false, true });
        // The first answer is worse with the "other" picture by far less than the margin, but that picture is its own.
        var other = Logits(4);
        other[1] = Logits(0)[1];
        Assert.Equal(0, CaptionModel.MismatchLoss(Logits(4), other, target, onlySecond, margin: 0.3).item<float>(), 6);
        Assert.True(CaptionModel.MismatchLoss(Logits(4), other, target, tensor(new[] { true, true }), margin: 0.3).item<float>() > 0.1);
    }
}
