// hiy runs on Linux only (Raspberry Pi OS / Debian): unix file modes, unix sockets, /proc and /sys.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
