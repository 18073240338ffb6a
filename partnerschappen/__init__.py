"""Organisations and partnerships: regio's, gemeenten, besturen, vestigingen, instituten,
partnerschappen with their lidmaatschappen, contacts and agreements, and the roles that
give people access to them. Also the organisation imports."""
