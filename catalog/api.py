"""The public catalog API: `GET /api/v1/services/` and `GET /api/v1/services/{service_code}/`."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, generics, serializers
from wagtail import blocks

from formbuilder.persian.text import normalize_digits

from .blocks import LegalBasisBlock, RequiredDocumentBlock, ServiceStepBlock
from .forms import SEARCH_MAX_LENGTH
from .models import Department, ServiceCategoryPage, ServicePage
from .selectors import category_list_published, service_get_published, service_list_published


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceCategoryPage
        fields = ["slug", "title"]


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["code", "name"]


class ServiceListSerializer(serializers.ModelSerializer):
    category = serializers.SerializerMethodField()
    department = DepartmentSerializer(allow_null=True)
    url = serializers.SerializerMethodField()
    has_form = serializers.BooleanField()

    class Meta:
        model = ServicePage
        fields = [
            "service_code",
            "title",
            "summary",
            "category",
            "department",
            "duration_days",
            "fee",
            "url",
            "has_form",
        ]

    @extend_schema_field(CategorySerializer(allow_null=True))
    def get_category(self, service: ServicePage) -> dict | None:
        category = service.category
        return CategorySerializer(category).data if category is not None else None

    def get_url(self, service: ServicePage) -> str:
        return service.get_full_url(request=self.context.get("request"))


def struct_value_serializer(
    name: str, block_class: type[blocks.StructBlock]
) -> type[serializers.Serializer]:
    """The serializer `name` of `block_class`'s values: a field a child block, in their
    order, a boolean for a check box and text for any other."""
    fields = {
        child: serializers.BooleanField()
        if isinstance(block, blocks.BooleanBlock)
        else serializers.CharField()
        for child, block in block_class.base_blocks.items()
    }
    return type(name, (serializers.Serializer,), fields)


RequiredDocumentSerializer = struct_value_serializer(
    "RequiredDocumentSerializer", RequiredDocumentBlock
)
StepSerializer = struct_value_serializer("StepSerializer", ServiceStepBlock)
LegalBasisSerializer = struct_value_serializer("LegalBasisSerializer", LegalBasisBlock)


class ContactSerializer(serializers.Serializer):
    phone = serializers.CharField()
    email = serializers.CharField()
    address = serializers.CharField()
    working_hours = serializers.CharField()


class FormChoiceSchema(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()


class FormFieldSchema(serializers.Serializer):
    key = serializers.CharField()
    type = serializers.CharField(help_text="One of DESIGN.md's field types, e.g. mobile.")
    label = serializers.CharField()
    required = serializers.BooleanField()
    help_text = serializers.CharField()
    choices = FormChoiceSchema(many=True)
    validation = serializers.DictField(help_text="The type's limits, e.g. max_length.")
    condition = serializers.DictField(
        allow_null=True,
        help_text='{"field", "operator", "value"}, or {"all": [...]} / {"any": [...]}.',
    )


class FormStepSchema(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    fields = FormFieldSchema(many=True)


class FormSchema(serializers.Serializer):
    version = serializers.IntegerField()
    steps = FormStepSchema(many=True)


class ServiceDetailSerializer(ServiceListSerializer):
    required_documents = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField()
    legal_basis = serializers.SerializerMethodField()
    channels = serializers.ListField(child=serializers.CharField())
    contact = serializers.SerializerMethodField()
    form = serializers.SerializerMethodField()

    class Meta(ServiceListSerializer.Meta):
        fields = ServiceListSerializer.Meta.fields + [
            "service_type",
            "service_level",
            "audience",
            "description",
            "eligibility",
            "required_documents",
            "steps",
            "legal_basis",
            "channels",
            "in_person_visits",
            "visit_location",
            "visit_hours",
            "contact",
            "form",
        ]

    @staticmethod
    def _stream(stream, serializer_class) -> list[dict]:
        return [serializer_class(dict(block.value)).data for block in stream]

    @extend_schema_field(RequiredDocumentSerializer(many=True))
    def get_required_documents(self, service: ServicePage) -> list[dict]:
        return self._stream(service.required_documents, RequiredDocumentSerializer)

    @extend_schema_field(StepSerializer(many=True))
    def get_steps(self, service: ServicePage) -> list[dict]:
        return self._stream(service.steps, StepSerializer)

    @extend_schema_field(LegalBasisSerializer(many=True))
    def get_legal_basis(self, service: ServicePage) -> list[dict]:
        return self._stream(service.legal_basis, LegalBasisSerializer)

    @extend_schema_field(ContactSerializer)
    def get_contact(self, service: ServicePage) -> dict:
        department = service.department
        return ContactSerializer(
            {
                "phone": service.phone,
                "email": service.email,
                "address": department.address if department else "",
                "working_hours": department.working_hours if department else "",
            }
        ).data

    @extend_schema_field(FormSchema(allow_null=True))
    def get_form(self, service: ServicePage) -> dict | None:
        """The published form schema; null when the service has no online form."""
        version = service.form_version
        return version.schema if version is not None else None


class ServiceQuerySerializer(serializers.Serializer):
    category = serializers.SlugField(
        required=False,
        allow_unicode=True,
        max_length=255,
        error_messages={
            code: _("A category's slug has only letters, digits, - and _.")
            for code in ("invalid", "invalid_unicode")
        },
    )
    search = serializers.CharField(required=False, allow_blank=True, max_length=SEARCH_MAX_LENGTH)

    def validate_category(self, slug: str) -> ServiceCategoryPage:
        category = category_list_published().filter(slug=slug).first()
        if category is None:
            raise serializers.ValidationError(_("There is no such category."))
        return category


@extend_schema_view(
    get=extend_schema(
        summary="List published services",
        parameters=[
            OpenApiParameter(
                "category",
                str,
                description="A category's slug; empty, as a blank form field sends it, "
                "lists every category.",
                pattern=r"^[-\w]*$",
            ),
            OpenApiParameter(
                "search", str, description="Words to search for (Persian or English)."
            ),
        ],
    )
)
class ServiceListView(generics.ListAPIView):
    serializer_class = ServiceListSerializer

    def get_queryset(self):
        query = ServiceQuerySerializer(data=self.request.query_params)
        if not query.is_valid():
            raise exceptions.ValidationError(query.errors)
        return service_list_published(
            search=query.validated_data.get("search", ""),
            category=query.validated_data.get("category"),
        )


@extend_schema_view(get=extend_schema(summary="A service's identity card and its request form"))
class ServiceDetailView(generics.RetrieveAPIView):
    serializer_class = ServiceDetailSerializer
    lookup_field = "service_code"

    def get_object(self) -> ServicePage:
        code = normalize_digits(self.kwargs["service_code"]).strip()
        service = service_get_published(service_code=code) if code.isdigit() else None
        if service is None:
            raise exceptions.NotFound(_("There is no published service with this code."))
        return service
