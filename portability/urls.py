app_name = "portability"

urlpatterns = []
