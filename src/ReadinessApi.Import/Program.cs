using ReadinessApi.Import;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await ImportCli.RunAsync(args, Console.Out, Console.Error, cancel.Token);
