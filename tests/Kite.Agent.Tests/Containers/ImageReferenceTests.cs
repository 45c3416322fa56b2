using Kite.Agent.Containers;

namespace Kite.Agent.Tests.Containers;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("docker.io/library/nginx:1.27", "docker.io/library/nginx", "1.27", null)]
    [InlineData("nginx", "nginx", null, null)]
    [InlineData("registry.example.com:5000/team/app:2.1.0", "registry.example.com:5000/team/app", "2.1.0", null)]
    [InlineData("registry.example.com:5000/team/app", "registry.example.com:5000/team/app", null, null)]
    [InlineData("quay.io/falcosecurity/falco@sha256:8d0619a4da278dfe2772f75aa3cc74df0a250385de56085766035db5c9a062ed",
        "quay.io/falcosecurity/falco", null, "sha256:8d0619a4da278dfe2772f75aa3cc74df0a250385de56085766035db5c9a062ed")]
    [InlineData("ghcr.io/org/app:v1@sha256:abcd", "ghcr.io/org/app", "v1", "sha256:abcd")]
    [InlineData("sha256:4df3aba7463d88aefbab4eb9e241468b0475f5e8c2c138d4cd811ca812975612", "", null,
        "sha256:4df3aba7463d88aefbab4eb9e241468b0475f5e8c2c138d4cd811ca812975612")]
    public void ReferenceSplitsIntoRepositoryTagAndDigest(string reference, string repository, string? tag, string? digest)
    {
        ImageReference parsed = ImageReference.Parse(reference);
        Assert.Equal(repository, parsed.Repository);
        Assert.Equal(tag, parsed.Tag);
        Assert.Equal(digest, parsed.Digest);
    }
}
