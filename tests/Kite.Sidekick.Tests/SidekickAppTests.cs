namespace Kite.Sidekick.Tests;

public sealed class SidekickAppTests
{
    [Fact]
    public async Task HealthzAnswersOnARealLoopbackPort()
    {
        await using var app = SidekickApp.Build(["--urls", "http://127.0.0.1:0"]);
        await app.StartAsync();
        string address = app.Urls.Single();

        using var client = new HttpClient();
        using var response = await client.GetAsync(new Uri(new Uri(address), "/healthz"));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok\n", await response.Content.ReadAsStringAsync());
        await app.StopAsync();
    }
}
