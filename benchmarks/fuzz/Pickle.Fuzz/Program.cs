using TrustCheck.Fuzz;

return FuzzHarness.Run(new TrustCheck.Core.Models.Pickle.PickleReader(), args);
