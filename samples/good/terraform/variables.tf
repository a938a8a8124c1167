variable "creator_role_arn" {
  description = "ARN of the role that creates the FHIR data store and uses its key through HealthLake"
  type        = string
}

variable "datastore_name" {
  description = "Name of the FHIR data store"
  type        = string
  default     = "patients"
}
