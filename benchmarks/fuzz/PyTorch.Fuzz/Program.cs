using TrustCheck.Fuzz;

return FuzzHarness.Run(new TrustCheck.Core.Models.PyTorch.PyTorchReader(), args);
