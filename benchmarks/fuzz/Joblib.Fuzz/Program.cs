using TrustCheck.Fuzz;

return FuzzHarness.Run(new TrustCheck.Core.Models.Joblib.JoblibReader(), args);
