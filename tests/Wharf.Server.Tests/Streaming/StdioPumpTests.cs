using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Wharf.Engine.Containers.Runtime;
using Wharf.Server.Streaming;

namespace Wharf.Server.Tests.Streaming;

/// <summary>The stdin and output copy loops against a scripted process.</summary>
public sealed class StdioPumpTests
{
    sealed class ScriptedProcess : IProcessStreams
    {
        public MemoryStream Stdin { get; } = new();
        public Channel<OutputChunk> Output { get; } = Channel.CreateUnbounded<OutputChunk>();
        public bool StdinClosed { get; private set; }

        public ValueTask WriteStdinAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
        {
            Stdin.Write(data.Span);
            return ValueTask.CompletedTask;
        }

        public ValueTask CloseStdinAsync(CancellationToken ct)
        {
            StdinClosed = true;
            return ValueTask.CompletedTask;
        }

        public async IAsyncEnumerable<OutputChunk> ReadOutputAsync([EnumeratorCancellation] CancellationToken ct)
        {
            await foreach (var chunk in Output.Reader.ReadAllAsync(ct)) yield return chunk;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Stdin_flows_until_the_client_half_closes_and_the_process_stdin_is_left_to_the_caller()
    {
        var pipe = new Pipe();
        var process = new ScriptedProcess();
        var copy = StdioPump.CopyStdinAsync(pipe.Reader, process, detach: null, CancellationToken.None);
        await pipe.Writer.WriteAsync("data\n"u8.ToArray());
        await pipe.Writer.WriteAsync("more"u8.ToArray());
        await pipe.Writer.CompleteAsync();
        Assert.Equal(StdinEnd.ClientClosed, await copy.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("data\nmore", Encoding.ASCII.GetString(process.Stdin.ToArray()));
        Assert.False(process.StdinClosed);
    }

    [Fact]
    public async Task The_detach_sequence_ends_stdin_without_reaching_the_process()
    {
        var pipe = new Pipe();
        var process = new ScriptedProcess();
        var copy = StdioPump.CopyStdinAsync(pipe.Reader, process, new DetachKeyFilter(DetachKeys.Default), CancellationToken.None);
        await pipe.Writer.WriteAsync("ls\n\u0010"u8.ToArray());
        await Task.Yield();
        Assert.False(copy.IsCompleted);
        await pipe.Writer.WriteAsync("\u0011"u8.ToArray());
        Assert.Equal(StdinEnd.Detached, await copy.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("ls\n", Encoding.ASCII.GetString(process.Stdin.ToArray()));
    }

    [Fact]
    public async Task A_partial_sequence_at_half_close_is_delivered()
    {
        var pipe = new Pipe();
        var process = new ScriptedProcess();
        var copy = StdioPump.CopyStdinAsync(pipe.Reader, process, new DetachKeyFilter(DetachKeys.Default), CancellationToken.None);
        await pipe.Writer.WriteAsync("x\u0010"u8.ToArray());
        await pipe.Writer.CompleteAsync();
        Assert.Equal(StdinEnd.ClientClosed, await copy.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("x\u0010", Encoding.ASCII.GetString(process.Stdin.ToArray()));
    }

    [Fact]
    public async Task Output_is_framed_filtered_by_stream_and_ends_with_the_process()
    {
        var process = new ScriptedProcess();
        process.Output.Writer.TryWrite(new OutputChunk(StdStream.Stdout, "out"u8.ToArray()));
        process.Output.Writer.TryWrite(new OutputChunk(StdStream.Stderr, "err"u8.ToArray()));
        process.Output.Writer.TryWrite(new OutputChunk(StdStream.Stdout, "!"u8.ToArray()));
        process.Output.Writer.Complete();
        var pipe = new Pipe();
        Assert.True(await StdioPump.CopyOutputAsync(process, OutputWriter.For(pipe.Writer, tty: false), stdout: true, stderr: false, CancellationToken.None));
        await pipe.Writer.CompleteAsync();
        using var all = new MemoryStream();
        await pipe.Reader.CopyToAsync(all);
        Assert.Equal(new byte[] { 1, 0, 0, 0, 0, 0, 0, 3, (byte)'o', (byte)'u', (byte)'t', 1, 0, 0, 0, 0, 0, 0, 1, (byte)'!' }, all.ToArray());
    }

    [Fact]
    public async Task Output_stops_when_the_client_is_gone()
    {
        var process = new ScriptedProcess();
        process.Output.Writer.TryWrite(new OutputChunk(StdStream.Stdout, "out"u8.ToArray()));
        var pipe = new Pipe();
        await pipe.Reader.CompleteAsync();
        Assert.False(await StdioPump.CopyOutputAsync(process, OutputWriter.For(pipe.Writer, tty: true), true, true, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
