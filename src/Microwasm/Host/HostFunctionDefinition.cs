using Microwasm.Model;
using Microwasm.Runtime;

namespace Microwasm.Host;

/// <summary>
/// A host function as the embedder defined it, independent of any store: a delegate, the shape of
/// its parameters and result, an optional WAMR signature string, and a factory for the adapter
/// that calls it. <see cref="Bind"/> checks the shape against an import's type and makes a
/// <see cref="HostFunction"/> for one store (a function object belongs to one store).
/// </summary>
internal sealed class HostFunctionDefinition
{
    private readonly Expected[] _parameters;
    private readonly Expected? _result;
    private readonly Func<HostBinding, HostCallback> _factory;

    /// <param name="parameterTypes">The delegate's parameter types, in order.</param>
    /// <param name="resultType">The delegate's return type, or null for void.</param>
    /// <param name="signature">A WAMR signature string such as <c>"(i*~$)i"</c>, or null to infer the wasm type.</param>
    /// <param name="factory">Makes the adapter for one binding.</param>
    /// <exception cref="ArgumentException">The delegate cannot be a host function, or does not fit the signature.</exception>
    public HostFunctionDefinition(Type[] parameterTypes, Type? resultType, string? signature, Func<HostBinding, HostCallback> factory)
    {
        _factory = factory;
        Signature = signature;
        var first = parameterTypes.Length > 0 && parameterTypes[0] == typeof(Caller) ? 1 : 0;
        _parameters = new Expected[parameterTypes.Length];
        if (first == 1)
        {
            _parameters[0] = new Expected(HostParameterKind.Caller, null, 0);
        }
        for (var i = first; i < parameterTypes.Length; i++)
        {
            if (parameterTypes[i] == typeof(Caller))
            {
                throw new ArgumentException("a Caller parameter must come first");
            }
        }
        if (signature is null)
        {
            for (var i = first; i < parameterTypes.Length; i++)
            {
                _parameters[i] = Infer(parameterTypes[i]);
            }
            _result = resultType is null ? null : InferResult(resultType);
        }
        else
        {
            var (tokens, result) = ParseSignature(signature);
            if (tokens.Count != parameterTypes.Length - first)
            {
                throw new ArgumentException(
                    $"signature \"{signature}\" has {tokens.Count} parameters, the delegate {parameterTypes.Length - first}" +
                    (first == 1 ? " (after its Caller)" : ""));
            }
            for (var i = first; i < parameterTypes.Length; i++)
            {
                _parameters[i] = FromSignature(tokens[i - first], parameterTypes[i], signature);
            }
            _result = result switch
            {
                null when resultType is null => null,
                null => throw new ArgumentException($"signature \"{signature}\" has no result, the delegate returns {resultType!.Name}"),
                _ when resultType is null => throw new ArgumentException($"signature \"{signature}\" has a result, the delegate returns nothing"),
                _ => FromSignature(result.Value.ToString(), resultType, signature),
            };
        }
    }

    /// <summary>The WAMR signature string the function was defined with, if any.</summary>
    public string? Signature { get; }

    /// <summary>
    /// Checks the definition against the import's type and makes the function for one store.
    /// </summary>
    /// <exception cref="WasmLinkException">The types differ; the message names the import.</exception>
    public HostFunction Bind(string module, string name, FuncType importType)
    {
        var parameters = new HostParameter[_parameters.Length];
        var wasm = importType.Parameters;
        var index = 0;
        var slot = 0;
        var ok = true;
        for (var i = 0; i < _parameters.Length && ok; i++)
        {
            var expected = _parameters[i];
            if (expected.WasmCount == 0)
            {
                parameters[i] = new HostParameter(expected.Kind, 0, default);
                continue;
            }
            if (index + expected.WasmCount > wasm.Length)
            {
                ok = false;
                break;
            }
            var type = wasm[index];
            ok = expected.Type is not { } t || t == type;
            if (expected.WasmCount == 2)
            {
                // the length after a pointer
                ok &= wasm[index + 1] == ValueType.I32;
            }
            parameters[i] = new HostParameter(expected.Kind, slot, type);
            for (var k = 0; k < expected.WasmCount; k++)
            {
                slot += WasmValue.SlotCount(wasm[index + k]);
            }
            index += expected.WasmCount;
        }
        ok &= index == wasm.Length;
        var resultType = default(ValueType);
        if (_result is { } result)
        {
            ok &= importType.Results.Length == 1 && (result.Type is not { } t || t == importType.Results[0]);
            if (ok)
            {
                resultType = importType.Results[0];
            }
        }
        else
        {
            ok &= importType.Results.Length == 0;
        }
        if (!ok)
        {
            throw new WasmLinkException(
                $"incompatible import type: {WasmName.Quote(module)} {WasmName.Quote(name)}: the module imports func {importType}, " +
                $"the host function {(Signature is null ? "" : $"(signature \"{Signature}\") ")}is func {Describe()}");
        }
        var displayName = $"{WasmName.Escape(module)}.{WasmName.Escape(name)}";
        var binding = new HostBinding(parameters, resultType, displayName);
        return new HostFunction(importType, _factory(binding), displayName);
    }

    /// <summary>The wasm type the delegate stands for, "any" where it takes a <see cref="WasmValue"/>.</summary>
    private string Describe()
    {
        var parameters = new List<string>();
        foreach (var p in _parameters)
        {
            for (var k = 0; k < p.WasmCount; k++)
            {
                parameters.Add(p.Type?.Name() ?? "any");
            }
        }
        var result = _result is { } r ? r.Type?.Name() ?? "any" : "";
        return $"({string.Join(" ", parameters)}) -> ({result})";
    }

    private static Expected Infer(Type type)
    {
        if (type == typeof(object))
        {
            return new Expected(HostParameterKind.ExternRef, ValueType.ExternRef, 1);
        }
        if (HostValues.TryGetValueType(type, out var valueType))
        {
            return new Expected(valueType is null ? HostParameterKind.Value : HostParameterKind.Number, valueType, 1);
        }
        if (type == typeof(Span<byte>) || type == typeof(ReadOnlySpan<byte>) || type == typeof(string))
        {
            throw new ArgumentException($"a {type.Name} parameter needs a signature string (\"*\", \"*~\" or \"$\") saying how to find it in memory");
        }
        throw new ArgumentException($"a host function cannot take a {type.Name}: use int, uint, long, ulong, float, double, WasmValue or object (externref)");
    }

    private static Expected InferResult(Type type)
    {
        if (type == typeof(object))
        {
            return new Expected(HostParameterKind.ExternRef, ValueType.ExternRef, 1);
        }
        if (HostValues.TryGetValueType(type, out var valueType))
        {
            return new Expected(HostParameterKind.Number, valueType, 1);
        }
        throw new ArgumentException($"a host function cannot return a {type.Name}: use int, uint, long, ulong, float, double, WasmValue or object (externref)");
    }

    /// <summary>
    /// Splits a WAMR signature: <c>(</c>, one token per parameter (<c>i I f F r * *~ $</c>), <c>)</c>,
    /// then at most one result character.
    /// </summary>
    internal static (List<string> Parameters, char? Result) ParseSignature(string signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var close = signature.IndexOf(')');
        if (signature.Length < 2 || signature[0] != '(' || close < 0)
        {
            throw new ArgumentException($"signature \"{signature}\" must look like \"(ii)i\": parameters in parentheses, then an optional result");
        }
        var tokens = new List<string>();
        for (var i = 1; i < close; i++)
        {
            var c = signature[i];
            switch (c)
            {
                case 'i' or 'I' or 'f' or 'F' or 'r' or '$':
                    tokens.Add(c.ToString());
                    break;
                case '*':
                    if (i + 1 < close && signature[i + 1] == '~')
                    {
                        tokens.Add("*~");
                        i++;
                    }
                    else
                    {
                        tokens.Add("*");
                    }
                    break;
                case '~':
                    throw new ArgumentException($"signature \"{signature}\": '~' (a length) must follow '*' (a pointer)");
                default:
                    throw new ArgumentException($"signature \"{signature}\": unknown parameter '{c}' (use i I f F r * ~ $)");
            }
        }
        var rest = signature.AsSpan(close + 1);
        if (rest.Length > 1 || (rest.Length == 1 && rest[0] is not ('i' or 'I' or 'f' or 'F' or 'r')))
        {
            throw new ArgumentException($"signature \"{signature}\": the result must be one of i I f F r, or nothing");
        }
        return (tokens, rest.Length == 1 ? rest[0] : null);
    }

    private static Expected FromSignature(string token, Type type, string signature)
    {
        var (ok, expected) = token switch
        {
            "i" => (type == typeof(int) || type == typeof(uint), new Expected(HostParameterKind.Number, ValueType.I32, 1)),
            "I" => (type == typeof(long) || type == typeof(ulong), new Expected(HostParameterKind.Number, ValueType.I64, 1)),
            "f" => (type == typeof(float), new Expected(HostParameterKind.Number, ValueType.F32, 1)),
            "F" => (type == typeof(double), new Expected(HostParameterKind.Number, ValueType.F64, 1)),
            "r" => (type == typeof(object), new Expected(HostParameterKind.ExternRef, ValueType.ExternRef, 1)),
            "*" => (type == typeof(Span<byte>), new Expected(HostParameterKind.Pointer, ValueType.I32, 1)),
            "*~" => (type == typeof(Span<byte>), new Expected(HostParameterKind.PointerWithLength, ValueType.I32, 2)),
            _ => (type == typeof(string) || type == typeof(ReadOnlySpan<byte>), new Expected(HostParameterKind.String, ValueType.I32, 1)),
        };
        if (!ok)
        {
            var wanted = token switch
            {
                "i" => "int or uint",
                "I" => "long or ulong",
                "f" => "float",
                "F" => "double",
                "r" => "object (the externref's host object)",
                "*" or "*~" => "Span<byte>",
                _ => "string or ReadOnlySpan<byte>",
            };
            throw new ArgumentException($"signature \"{signature}\": '{token}' needs a {wanted}, the delegate has {type.Name}");
        }
        return expected;
    }

    /// <summary>What one delegate parameter expects: its conversion, wasm type (null = any) and number of wasm parameters.</summary>
    private readonly record struct Expected(HostParameterKind Kind, ValueType? Type, int WasmCount);
}

/// <summary>A host delegate bound to one import's type: where each parameter comes from and the result's wasm type.</summary>
internal sealed class HostBinding(HostParameter[] parameters, ValueType resultType, string name)
{
    public HostParameter[] Parameters { get; } = parameters;

    public ValueType ResultType { get; } = resultType;

    /// <summary>"module.name", for error messages.</summary>
    public string Name { get; } = name;

    /// <summary>Parameter <paramref name="index"/>, or a default for the unused fields of an adapter.</summary>
    public HostParameter this[int index] => index < Parameters.Length ? Parameters[index] : default;
}
