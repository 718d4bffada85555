using System.Globalization;
using System.Text.RegularExpressions;

namespace Ogiri.Contracts;

/// <summary>One line per epoch, e.g. <c>epoch=3 train_loss=2.3100 val_loss=2.5500 val_match_acc=0.4200</c>.</summary>
public sealed record EpochMetrics(int Epoch, double TrainLoss, double ValLoss, double ValMatchAccuracy);

/// <summary>
/// The trainer prints <see cref="Format"/>; the training job's MetricDefinitions are <see cref="Definitions"/>.
/// Both come from here, so the regexes always match what is printed.
/// </summary>
public static partial class TrainingMetrics
{
    private const string Number = @"([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)";

    /// <summary>(SageMaker metric name, regex with one capture group) pairs.</summary>
    public static IReadOnlyList<(string Name, string Regex)> Definitions { get; } =
    [
        ("train:loss", @"\btrain_loss=" + Number),
        ("validation:loss", @"\bval_loss=" + Number),
        ("validation:match_accuracy", @"\bval_match_acc=" + Number),
        ("epoch", @"\bepoch=" + Number),
    ];

    public static string Format(EpochMetrics m) => string.Create(CultureInfo.InvariantCulture,
        $"epoch={m.Epoch} train_loss={m.TrainLoss:0.0000} val_loss={m.ValLoss:0.0000} val_match_acc={m.ValMatchAccuracy:0.0000}");

    public static EpochMetrics? TryParse(string line)
    {
        var values = new double[Definitions.Count];
        for (var i = 0; i < Definitions.Count; i++)
        {
            var match = Regex.Match(line, Definitions[i].Regex, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            if (!match.Success) return null;
            values[i] = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        return new EpochMetrics((int)values[3], values[0], values[1], values[2]);
    }
}
