using Wharf.Engine.Events;
using Wharf.Engine.Filters;

namespace Wharf.Engine.Tests.Events;

public sealed class EventFilterTests
{
    static readonly EngineEvent ContainerStart = new(EventType.Container, "start", "3f4e5a6b7c8d",
        new Dictionary<string, string> { ["name"] = "web", ["image"] = "docker.io/library/busybox:1.36", ["com.example.tier"] = "front" }, 1);

    static readonly EngineEvent Health = new(EventType.Container, "health_status: healthy", "3f4e5a6b7c8d",
        new Dictionary<string, string> { ["name"] = "web" }, 1);

    static readonly EngineEvent ImageTag = new(EventType.Image, "tag", "sha256:abcdef",
        new Dictionary<string, string> { ["name"] = "busybox:latest" }, 1);

    static FilterSet Filters(params (string Key, string Value)[] pairs) =>
        new(pairs.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => (IReadOnlyCollection<string>)g.Select(p => p.Value).ToArray()));

    [Theory]
    [InlineData("type", "container", true)]
    [InlineData("type", "image", false)]
    [InlineData("event", "start", true)]
    [InlineData("event", "sta", false)]            // exact, not a prefix
    [InlineData("container", "web", true)]
    [InlineData("container", "we", true)]          // names and ids match by prefix, as dockerd's FuzzyMatch
    [InlineData("container", "3f4e", true)]
    [InlineData("container", "db", false)]
    [InlineData("image", "busybox", true)]         // the container's image attribute, tag stripped
    [InlineData("image", "docker.io/library/busybox:1.36", true)]
    [InlineData("image", "busybox:1.36", false)]   // dockerd compares the full attribute or the familiar name without tag
    [InlineData("image", "alpine", false)]
    [InlineData("label", "com.example.tier", true)]
    [InlineData("label", "com.example.tier=front", true)]
    [InlineData("label", "com.example.tier=back", false)]
    [InlineData("scope", "local", true)]
    [InlineData("scope", "swarm", false)]
    [InlineData("volume", "data", false)]          // an object filter of another kind hides the event, as in dockerd
    [InlineData("service", "x", false)]
    public void Matches_a_container_event_as_dockerd(string key, string value, bool expected) =>
        Assert.Equal(expected, EventFilter.Matches(Filters((key, value)), ContainerStart));

    [Fact]
    public void Values_of_one_key_are_alternatives_and_keys_must_all_match()
    {
        Assert.True(EventFilter.Matches(Filters(("event", "stop"), ("event", "start")), ContainerStart));
        Assert.False(EventFilter.Matches(Filters(("event", "start"), ("type", "image")), ContainerStart));
    }

    [Fact]
    public void Health_status_matches_as_a_prefix()
    {
        Assert.True(EventFilter.Matches(Filters(("event", "health_status")), Health));
        Assert.False(EventFilter.Matches(Filters(("event", "start")), Health));
    }

    [Theory]
    [InlineData("sha256:abcdef", true)]
    [InlineData("busybox:latest", true)]
    [InlineData("busybox", true)]
    [InlineData("alpine", false)]
    public void Image_events_match_their_id_or_name(string value, bool expected) =>
        Assert.Equal(expected, EventFilter.Matches(Filters(("image", value)), ImageTag));

    [Theory]
    [InlineData("docker.io/library/busybox:latest", "busybox")]
    [InlineData("library/busybox", "busybox")]
    [InlineData("busybox@sha256:0123", "busybox")]
    [InlineData("host:5000/a/b:tag", "host:5000/a/b")]
    [InlineData("host:5000/a/b", "host:5000/a/b")]
    [InlineData("docker.io/user/app:1", "user/app")]
    public void Strips_tags_to_the_familiar_name(string reference, string expected) =>
        Assert.Equal(expected, EventFilter.FamiliarNameWithoutTag(reference));

    [Fact]
    public void Unknown_keys_are_rejected_with_dockerds_message()
    {
        var e = Assert.Throws<EngineException>(() => EventFilter.Validate(Filters(("colour", "red"))));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal("Invalid filter 'colour'", e.Message);
    }
}
