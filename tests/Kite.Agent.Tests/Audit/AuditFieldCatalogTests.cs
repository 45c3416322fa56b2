using System.Text.RegularExpressions;
using Kite.Agent.Audit;
using Kite.Rules.Fields;
using Kite.TestUtilities;

namespace Kite.Agent.Tests.Audit;

public sealed partial class AuditFieldCatalogTests
{
    private static readonly AuditFieldCatalog Catalog = AuditFieldCatalog.Instance;

    [Fact]
    public void EveryAuditFieldHasADescriptorWithTheSameId()
    {
        AuditField[] fields = Enum.GetValues<AuditField>();
        Assert.Equal(fields.Length, Catalog.Fields.Count);
        foreach (AuditField field in fields)
            Assert.Equal((int)field, Catalog.Fields[(int)field].Id.Value);
    }

    [RequiresSharedCompatFact]
    public void EveryKsAuditFieldOfTheSpecIsDeclaredWithItsShape()
    {
        string spec = File.ReadAllText(Path.Combine(TestEnvironment.SharedCompatDir!, "SPEC.md"));
        MatchCollection rows = SpecFieldRow().Matches(spec);
        Assert.Equal(36, rows.Count);
        foreach (Match row in rows)
        {
            string name = row.Groups["name"].Value;
            string flags = row.Groups["flags"].Value;
            Assert.True(Catalog.TryGetField(name, out FieldDescriptor field), $"{name} is not declared");
            Assert.True(field.Type == FieldType.String, $"{name} is {field.Type}");
            Assert.True(flags.Contains("list") == field.Has(FieldFlags.List), $"{name}: list flag differs from the spec ({flags.Trim()})");
            Assert.True(flags.Contains("arg req") == field.RequiresArgument, $"{name}: required argument differs from the spec ({flags.Trim()})");
            Assert.True(flags.Contains("arg") == field.TakesArgument, $"{name}: argument differs from the spec ({flags.Trim()})");
        }
    }

    [Fact]
    public void SourceProvidesTheK8sAuditAndJsonPlugins()
    {
        Assert.Equal("k8s_audit", Catalog.SourceName);
        Assert.Contains(Catalog.Plugins, p => p.Name == "k8saudit");
        Assert.Contains(Catalog.Plugins, p => p.Name == "json");
        Assert.Equal(0, Catalog.EventTypeCodeCount);
    }

    [Theory]
    [InlineData("/stage")]
    [InlineData("/requestObject/spec/volumes")]
    [InlineData("/annotations/authorization.k8s.io~1decision")]
    [InlineData("")]
    public void JsonPointerArgumentsAreAccepted(string pointer)
    {
        Assert.True(Catalog.TryGetField("jevt.value", out FieldDescriptor field));
        Assert.True(Catalog.TryResolveArgument(field, pointer, bracketed: true, out FieldArgument argument, out _, out string? error), error);
        Assert.Equal(pointer, argument.Text);
    }

    [Theory]
    [InlineData("stage")]
    [InlineData("/bad~2escape")]
    [InlineData("/trailing~")]
    public void MalformedJsonPointersFailAtLoad(string pointer)
    {
        Assert.True(Catalog.TryGetField("jevt.value", out FieldDescriptor field));
        Assert.False(Catalog.TryResolveArgument(field, pointer, bracketed: true, out _, out _, out string? error));
        Assert.Contains("JSON pointer", error);
    }

    [Fact]
    public void SourceReadsListsAndIndexedElementsThroughTheEngineContract()
    {
        AuditEvent auditEvent = AuditEvent.Parse(AuditEventSamples.PodCreate);
        var source = new AuditFieldSource(auditEvent);
        FieldId images = new((int)AuditField.PodContainersImageRepository);

        var values = new List<string>();
        long cursor = 0;
        while (source.TryGetNextString(images, FieldArgument.None, ref cursor, out ReadOnlySpan<byte> value))
            values.Add(System.Text.Encoding.UTF8.GetString(value));
        Assert.Equal(["registry.example.com:5000/shop/web", "docker.io/envoyproxy/envoy"], values);

        Assert.True(source.TryGetString(images, FieldArgument.FromIndex(1), out ReadOnlySpan<byte> second));
        Assert.Equal("docker.io/envoyproxy/envoy", System.Text.Encoding.UTF8.GetString(second));
        Assert.False(source.TryGetString(images, FieldArgument.FromIndex(5), out _));
    }

    [Fact]
    public void SourceReportsMissingFieldsAsUnavailable()
    {
        var source = new AuditFieldSource(AuditEvent.Parse(AuditEventSamples.PodCreate));
        Assert.False(source.TryGetString(new FieldId((int)AuditField.TargetSubresource), FieldArgument.None, out _));
        Assert.False(source.TryGetString(new FieldId((int)AuditField.UriParam), FieldArgument.FromKey("command"), out _));
        Assert.True(source.TryGetString(new FieldId((int)AuditField.JsonValue), FieldArgument.FromKey("/stage"), out ReadOnlySpan<byte> stage));
        Assert.Equal("ResponseComplete"u8, stage);
    }

    [Fact]
    public void SourceGivesTimeAndNumberAsIntegers()
    {
        AuditEvent auditEvent = AuditEvent.Parse(AuditEventSamples.PodCreate, number: 9);
        var source = new AuditFieldSource(auditEvent);
        Assert.True(source.TryGetUInt64(new FieldId((int)AuditField.EventNumber), FieldArgument.None, out ulong number));
        Assert.Equal(9UL, number);
        Assert.True(source.TryGetUInt64(new FieldId((int)AuditField.EventTime), FieldArgument.None, out ulong time));
        Assert.Equal(auditEvent.TimestampNanos, time);
    }

    // A row of the field inventory: | `ka.x` | type | plugin/... | flags | ...
    [GeneratedRegex(@"^\| `(?<name>(?:ka|jevt)\.[A-Za-z0-9_.]+)` \| [^|]+ \| [^|]+ \|(?<flags>[^|]*)\|", RegexOptions.Multiline)]
    private static partial Regex SpecFieldRow();
}
