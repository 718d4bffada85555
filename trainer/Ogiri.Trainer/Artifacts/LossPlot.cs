using Ogiri.Contracts;

namespace Ogiri.Trainer.Artifacts;

/// <summary><c>loss.png</c>: train and validation loss per epoch.</summary>
public static class LossPlot
{
    public static void Write(string path, IReadOnlyList<EpochMetrics> history)
    {
        var plot = new ScottPlot.Plot();
        if (PlotFont.Name is { } font) plot.Font.Set(font);
        var epochs = history.Select(m => (double)m.Epoch).ToArray();
        var train = plot.Add.Scatter(epochs, history.Select(m => m.TrainLoss).ToArray());
        train.LegendText = "train";
        var validation = plot.Add.Scatter(epochs, history.Select(m => m.ValLoss).ToArray());
        validation.LegendText = "validation";
        plot.XLabel("epoch");
        plot.YLabel("loss (nats per character)");
        plot.ShowLegend();
        plot.SavePng(path, 720, 420);
    }
}
