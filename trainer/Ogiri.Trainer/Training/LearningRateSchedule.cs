namespace Ogiri.Trainer.Training;

/// <summary>Linear warm-up to the peak rate, then cosine decay to <c>floor</c> × peak at the last step.</summary>
public sealed record LearningRateSchedule(double Peak, int WarmupSteps, int TotalSteps, double Floor = 0.05)
{
    public double At(int step)
    {
        if (step < WarmupSteps) return Peak * (step + 1) / WarmupSteps;
        var span = Math.Max(1, TotalSteps - WarmupSteps);
        var progress = Math.Clamp((double)(step - WarmupSteps) / span, 0, 1);
        return Peak * (Floor + (1 - Floor) * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }
}
