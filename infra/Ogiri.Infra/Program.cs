using Pulumi;

return await Deployment.RunAsync<Ogiri.Infra.OgiriCloud>();
