namespace Hiy.Tests.Acme;

/// <summary>
/// Tests that listen on Pebble's http-01 port (<see cref="PebbleEnv.Http01Port"/>): there is one such port,
/// so they run one at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class Http01PortCollection
{
    public const string Name = "pebble http-01 port";
}
