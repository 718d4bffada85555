namespace Ogiri.Trainer.Encoding;

/// <summary>
/// Edits an ONNX model's bytes without an ONNX library. Protocol Buffers merge a message field that occurs twice
/// and concatenate repeated fields, so appending a second <c>ModelProto.graph</c> holding only one
/// <c>GraphProto.output</c> gives the same model with one more output: the 45 MB of weights are not parsed or copied
/// into objects, only the array is extended.
/// </summary>
public static class OnnxGraphEdit
{
    private const int ModelGraph = 7;
    private const int GraphOutput = 12;
    private const int ValueInfoName = 1;
    private const int ValueInfoType = 2;
    private const int TypeTensor = 1;
    private const int TensorElemType = 1;
    private const int TensorShape = 2;
    private const int ShapeDim = 1;
    private const int DimValue = 1;
    private const int Float = 1;

    /// <summary>The model with <paramref name="valueName"/> (an existing node output, float) as an extra graph output of <paramref name="shape"/>.</summary>
    public static byte[] AddOutput(byte[] model, string valueName, IReadOnlyList<long> shape)
    {
        var dims = shape.Select(d => Field(ShapeDim, Concat(Tag(DimValue, 0), Varint((ulong)d)))).ToArray();
        var tensor = Concat(Tag(TensorElemType, 0), Varint(Float), Field(TensorShape, Concat(dims)));
        var valueInfo = Concat(Field(ValueInfoName, System.Text.Encoding.UTF8.GetBytes(valueName)), Field(ValueInfoType, Field(TypeTensor, tensor)));
        return Concat(model, Field(ModelGraph, Field(GraphOutput, valueInfo)));
    }

    private static byte[] Field(int number, byte[] payload) => Concat(Tag(number, 2), Varint((ulong)payload.Length), payload);

    private static byte[] Tag(int number, int wireType) => Varint((ulong)(number << 3 | wireType));

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    private static byte[] Concat(params byte[][] parts)
    {
        var result = new byte[parts.Sum(p => p.Length)];
        var at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(result, at);
            at += part.Length;
        }
        return result;
    }
}
