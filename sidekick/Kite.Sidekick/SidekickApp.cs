namespace Kite.Sidekick;

/// <summary>Builds the sidekick's web application; kept apart from Program so tests can host it on a real port.</summary>
public static class SidekickApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        return app;
    }
}
