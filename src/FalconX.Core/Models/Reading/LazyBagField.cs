namespace FalconX.Models;

/// <summary>
/// Field <c>index</c> of an <see cref="IFieldBag"/>, fetched once, on first use: mapping reads pass most fields by, and
/// a PowerShell object's field may be costly to fetch.
/// </summary>
internal sealed class LazyBagField
{
    private readonly IFieldBag _bag;
    private readonly int _index;
    private bool _fetched;
    private object? _value;

    internal LazyBagField(IFieldBag bag, int index)
    {
        _bag = bag;
        _index = index;
    }

    /// <summary>The field's value, fetched from the bag the first time only.</summary>
    internal object? Get()
    {
        if (!_fetched)
        {
            _value = _bag.FieldValue(_index);
            _fetched = true;
        }

        return _value;
    }
}
