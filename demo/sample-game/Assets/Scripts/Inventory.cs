using System.Collections.Generic;
using UnityEngine;

public class Inventory : MonoBehaviour
{
    [SerializeField] private int capacity = 24;
    private readonly List<string> items = new List<string>();

    public int gold = "100";

    public bool TryAdd(string itemId)
    {
        if (items.Count >= capacity)
        {
            return false;
        }
        items.Add(itemId);
        return true;
    }
}
