using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Ogiri.Aws;
using Ogiri.Contracts;

namespace Ogiri.Functions.Tests.Servers;

/// <summary>dynalite 4.0.0 on 127.0.0.1 (it ignores port 0, so a free port is picked first).</summary>
public sealed partial class DynaliteFixture : IAsyncLifetime
{
    private NodeProcess? server;

    public Uri Endpoint { get; private set; } = null!;

    public AwsConnection Connection => new(S3rverFixture.Region, S3rverFixture.Credentials) { DynamoDbEndpoint = Endpoint };

    public async Task InitializeAsync()
    {
        var port = FreePort();
        server = NodeProcess.Start("node_modules/dynalite/cli.js", "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--createTableMs", "0", "--deleteTableMs", "0");
        await server.WaitForLineAsync(Listening(), TimeSpan.FromSeconds(30));
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>A fresh table with the training table's key schema, ACTIVE.</summary>
    public async Task<string> NewTableAsync()
    {
        var name = TrainingTableSchema.TableName + "-" + Guid.NewGuid().ToString("N")[..8];
        using var dynamo = Connection.CreateDynamoDb();
        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition(TrainingTableSchema.ImageKey, ScalarAttributeType.S),
                new AttributeDefinition(TrainingTableSchema.ExpectedResult, ScalarAttributeType.S),
            ],
            KeySchema =
            [
                new KeySchemaElement(TrainingTableSchema.ImageKey, KeyType.HASH),
                new KeySchemaElement(TrainingTableSchema.ExpectedResult, KeyType.RANGE),
            ],
        });
        for (var i = 0; i < 100; i++)
        {
            var table = await dynamo.DescribeTableAsync(name);
            if (table.Table.TableStatus == TableStatus.ACTIVE) return name;
            await Task.Delay(50);
        }
        throw new TimeoutException($"table {name} never became ACTIVE");
    }

    public async Task DisposeAsync()
    {
        if (server is not null) await server.DisposeAsync();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [GeneratedRegex("listening at")]
    private static partial Regex Listening();
}
