using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("Edge firmware for ESP32 (nanoFramework)")]
[assembly: AssemblyProduct("Edge")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("1.0.0.0")]
