using System.Runtime.InteropServices;

namespace Ogiri.Trainer.Training;

/// <summary>
/// Process-wide TorchSharp settings. libtorch's OpenMP (libgomp) spins while it waits at a barrier;
/// when the cores are shared with other processes, a spinning thread starves the one it waits for
/// and a two-thread step ran 6× slower than a one-thread step (docs/benchmarks.md). A passive wait
/// policy removes that. libgomp reads it once, when libtorch loads, so this must run before the
/// first tensor; later calls only set the thread count.
/// </summary>
public static partial class TorchRuntime
{
    public static void Prepare(int threads)
    {
        if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null && !OperatingSystem.IsWindows())
        {
            // .NET keeps its own copy of the environment on Unix; the native library reads the C one.
            _ = SetEnv("OMP_WAIT_POLICY", "PASSIVE", 0);
        }
        TorchSharp.torch.set_num_threads(threads > 0 ? threads : Environment.ProcessorCount);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
