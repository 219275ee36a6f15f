/** Where a customer's line in the console leads: the customers list, found by their email or phone. */
export const customerLink = (c: { id: string; email: string | null; phone: string | null }) =>
  `/console/customers?q=${encodeURIComponent(c.email ?? c.phone ?? c.id)}`;
