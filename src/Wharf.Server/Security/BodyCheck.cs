namespace Wharf.Server.Security;

/// <summary>Requests whose body decides whether an operator may make them.</summary>
internal enum BodyCheck
{
    None,
    ContainerCreate,
    ExecCreate,
    VolumeCreate,
}
