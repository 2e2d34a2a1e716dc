using TrustCheck.Cli;

return await CliApp.RunAsync(args);
