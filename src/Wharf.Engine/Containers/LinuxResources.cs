using System.Text.Json;

namespace Wharf.Engine.Containers;

/// <summary>Writes an OCI <c>LinuxResources</c> document from Docker's resource limits, for a live update.</summary>
internal static class LinuxResources
{
    const long DefaultCpuPeriod = 100_000;

    public static ReadOnlyMemory<byte> ToJson(ResourceLimits r)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("memory");
            if (r.Memory > 0) w.WriteNumber("limit", r.Memory);
            if (r.MemoryReservation > 0) w.WriteNumber("reservation", r.MemoryReservation);
            var swap = r.MemorySwap != 0 ? r.MemorySwap : r.Memory > 0 ? r.Memory * 2 : 0;
            if (swap != 0) w.WriteNumber("swap", swap);
            w.WriteEndObject();
            w.WriteStartObject("cpu");
            if (r.CpuShares > 0) w.WriteNumber("shares", r.CpuShares);
            if (r.NanoCpus > 0)
            {
                w.WriteNumber("period", DefaultCpuPeriod);
                w.WriteNumber("quota", r.NanoCpus * DefaultCpuPeriod / 1_000_000_000);
            }
            else
            {
                if (r.CpuPeriod > 0) w.WriteNumber("period", r.CpuPeriod);
                if (r.CpuQuota != 0) w.WriteNumber("quota", r.CpuQuota);
            }
            if (r.CpusetCpus.Length > 0) w.WriteString("cpus", r.CpusetCpus);
            if (r.CpusetMems.Length > 0) w.WriteString("mems", r.CpusetMems);
            w.WriteEndObject();
            if (r.PidsLimit is { } pids)
            {
                w.WriteStartObject("pids");
                w.WriteNumber("limit", pids <= 0 ? -1 : pids);
                w.WriteEndObject();
            }
            if (r.BlkioWeight > 0)
            {
                w.WriteStartObject("blockIO");
                w.WriteNumber("weight", r.BlkioWeight);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
