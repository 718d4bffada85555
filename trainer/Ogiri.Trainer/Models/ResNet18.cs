using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ogiri.Trainer.Models;

/// <summary>
/// ResNet-18 (He et al. 2015) laid out exactly as torchvision's <c>resnet18()</c>: the same module and parameter
/// names (<c>conv1</c>, <c>bn1</c>, <c>layer1.0.conv1.weight</c>, …, <c>fc.bias</c>), so a torchvision state dict
/// exported to TorchSharp's format loads with <c>load(path)</c> unchanged. The 1000-way <c>fc</c> is kept only so
/// such a file loads strictly (every name checked); the caption model reads <see cref="Features"/>.
/// </summary>
public sealed class ResNet18 : nn.Module<Tensor, Tensor>
{
    /// <summary>torchvision's ImageNet normalisation, which pretrained weights expect.</summary>
    public static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    public static readonly float[] Std = [0.229f, 0.224f, 0.225f];
    public const int FeatureChannels = 512;
    public const int Stride = 32;

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly Linear fc;

    public ResNet18(string name = "resnet18") : base(name)
    {
        conv1 = nn.Conv2d(3, 64, 7, stride: 2, padding: 3, bias: false);
        bn1 = nn.BatchNorm2d(64);
        layer1 = Stage(64, 64, 1);
        layer2 = Stage(64, 128, 2);
        layer3 = Stage(128, 256, 2);
        layer4 = Stage(256, 512, 2);
        fc = nn.Linear(FeatureChannels, 1000);
        RegisterComponents();
        using (no_grad())
        {
            // torchvision's initialisation: He for convolutions, BN at identity.
            foreach (var (_, module) in named_modules())
            {
                if (module is Conv2d conv) nn.init.kaiming_normal_(conv.weight!, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
            }
        }
    }

    /// <returns>[batch, 512, side / 32, side / 32] for images normalised with <see cref="Mean"/> and <see cref="Std"/>.</returns>
    public Tensor Features(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.relu(bn1.forward(conv1.forward(images)));
        x = nn.functional.max_pool2d(x, 3, 2, 1);
        x = layer4.forward(layer3.forward(layer2.forward(layer1.forward(x))));
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>The classifier, as torchvision has it (not used for captions).</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        return fc.forward(Features(images).mean([2, 3])).MoveToOuterDisposeScope();
    }

    private static Sequential Stage(int inChannels, int outChannels, int stride) =>
        nn.Sequential(("0", new BasicBlock(inChannels, outChannels, stride)), ("1", new BasicBlock(outChannels, outChannels, 1)));

    /// <summary>Two 3x3 convolutions with a shortcut; <c>downsample</c> (1x1 convolution + BN) where the shape changes.</summary>
    private sealed class BasicBlock : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv1;
        private readonly BatchNorm2d bn1;
        private readonly Conv2d conv2;
        private readonly BatchNorm2d bn2;
        private readonly Sequential? downsample;

        public BasicBlock(int inChannels, int outChannels, int stride) : base("basic_block")
        {
            conv1 = nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
            bn1 = nn.BatchNorm2d(outChannels);
            conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1, bias: false);
            bn2 = nn.BatchNorm2d(outChannels);
            if (stride != 1 || inChannels != outChannels)
                downsample = nn.Sequential(("0", nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false)), ("1", nn.BatchNorm2d(outChannels)));
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            var y = nn.functional.relu(bn1.forward(conv1.forward(x)));
            y = bn2.forward(conv2.forward(y));
            var shortcut = downsample is null ? x : downsample.forward(x);
            return nn.functional.relu(y + shortcut).MoveToOuterDisposeScope();
        }
    }
}
