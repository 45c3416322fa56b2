using System.Text;
using Kite.Agent.State;

namespace Kite.Agent.Tests.State;

public sealed class PathResolverTests
{
    [Theory]
    [InlineData("/home/u", "a.txt", "/home/u/a.txt")]
    [InlineData("/home/u", "/etc/passwd", "/etc/passwd")]
    [InlineData("/home/u", "../x", "/home/x")]
    [InlineData("/home/u", "../../../../x", "/x")]
    [InlineData("/", "./a/./b/", "/a/b")]
    [InlineData("/a", "b//c///d", "/a/b/c/d")]
    [InlineData("/a/b", "..", "/a")]
    [InlineData("/a", "..", "/")]
    [InlineData("", "rel", "/rel")]
    [InlineData("/tmp", "", "/tmp")]
    public void PathIsMadeAbsoluteAndNormal(string cwd, string path, string expected)
    {
        var buffer = new byte[PathResolver.MaxLength];
        int n = PathResolver.Resolve(Encoding.UTF8.GetBytes(cwd), Encoding.UTF8.GetBytes(path), buffer);
        Assert.Equal(expected, Encoding.UTF8.GetString(buffer, 0, n));
    }

    [Theory]
    [InlineData("/etc/shadow", "/etc", "shadow")]
    [InlineData("/shadow", "/", "shadow")]
    [InlineData("/a/b/c", "/a/b", "c")]
    public void DirectoryAndFileNameSplitAtTheLastSlash(string path, string directory, string file)
    {
        Assert.Equal(directory, Encoding.UTF8.GetString(PathResolver.Directory(Encoding.UTF8.GetBytes(path))));
        Assert.Equal(file, Encoding.UTF8.GetString(PathResolver.FileName(Encoding.UTF8.GetBytes(path))));
    }
}
