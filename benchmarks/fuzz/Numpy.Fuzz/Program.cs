using TrustCheck.Fuzz;

return FuzzHarness.Run(new TrustCheck.Core.Models.Numpy.NumpyReader(), args);
