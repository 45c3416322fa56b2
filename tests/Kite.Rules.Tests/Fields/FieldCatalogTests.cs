using Kite.Rules.Fields;

namespace Kite.Rules.Tests.Fields;

public class FieldCatalogTests
{
    [Theory]
    [InlineData("proc.name", "proc.name", null)]
    [InlineData("evt.arg.flags", "evt.arg", "flags")]
    [InlineData("evt.arg.a.b", "evt.arg", "a.b")]
    [InlineData("ka.images", "ka.images", null)]
    public void ResolvesTheLongestRegisteredPrefixAtADotBoundary(string token, string expectedField, string? expectedArgument)
    {
        Assert.True(TestCatalog.Instance.TryResolveToken(token, out FieldDescriptor field, out string? argument));
        Assert.Equal(expectedField, field.Name);
        Assert.Equal(expectedArgument, argument);
    }

    [Theory]
    [InlineData("proc.names")]
    [InlineData("proc.name.x")]
    [InlineData("evt.arg")]
    [InlineData("nope.field")]
    public void RejectsTokensThatAreNotAFieldOrAFieldWithADottedArgument(string token)
    {
        bool ok = TestCatalog.Instance.TryResolveToken(token, out FieldDescriptor field, out string? argument);
        // `evt.arg` alone resolves to the field but without the required argument (the binder reports that).
        if (token == "evt.arg")
            Assert.True(ok && argument is null && field.RequiresArgument);
        else
            Assert.False(ok);
    }

    [Fact]
    public void ResolvesIndexAndKeyArguments()
    {
        var catalog = TestCatalog.Instance;
        Assert.True(catalog.TryGetField("proc.aname", out var aname));
        Assert.True(catalog.TryResolveArgument(aname, "2", bracketed: true, out var index, out var type, out _));
        Assert.Equal(FieldArgumentKind.Index, index.Kind);
        Assert.Equal(2, index.Index);
        Assert.Equal(FieldType.String, type);
        Assert.False(catalog.TryResolveArgument(aname, "x", bracketed: true, out _, out _, out string? error));
        Assert.Contains("numeric index", error);

        Assert.True(catalog.TryGetField("evt.arg", out var arg));
        Assert.True(catalog.TryResolveArgument(arg, "0", bracketed: true, out var byIndex, out _, out _));
        Assert.Equal(FieldArgumentKind.Index, byIndex.Kind);
        Assert.True(catalog.TryResolveArgument(arg, "flags", bracketed: false, out var byName, out _, out _));
        Assert.Equal(FieldArgumentKind.Key, byName.Kind);
        Assert.Equal("flags"u8.ToArray(), byName.Utf8);
    }

    [Fact]
    public void MapsEventTypeNamesToCodesAndBack()
    {
        Assert.Equal([2], TestCatalog.Instance.EventTypes["openat"]);
        Assert.Equal("openat", TestCatalog.Instance.EventTypeName(2));
        Assert.Equal(7, TestCatalog.Instance.EventTypeCodeCount);
        Assert.Null(TestCatalog.Instance.EventTypeName(99));
    }

    [Fact]
    public void RejectsDescriptorsOutOfIdOrder()
    {
        var e = Assert.Throws<ArgumentException>(() => new FieldCatalog("x", [new FieldDescriptor(1, "a.b", FieldType.String, "")]));
        Assert.Contains("id order", e.Message);
    }
}
