"""Pre-opening fire-safety inspection permits (公众聚集场所投入使用、营业前消防安全检查)."""
