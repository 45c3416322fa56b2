using Kite.Agent.Cli;

return KiteCommandLine.Invoke(args);
