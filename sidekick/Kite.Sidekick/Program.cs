using Kite.Sidekick;

var app = SidekickApp.Build(args);
app.Run();
